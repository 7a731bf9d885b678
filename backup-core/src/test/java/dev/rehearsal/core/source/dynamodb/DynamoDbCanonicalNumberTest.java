package dev.rehearsal.core.source.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The canonical number, which reads plain numerals on their characters, agrees with the rule of
 * FORMAT.md worked out with BigDecimal, spelling by spelling.
 */
class DynamoDbCanonicalNumberTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-0", "0.000", "00", ".0", "0.", "1", "-1", "1.", ".5", "-.5", "100", "1000.00",
            "-0.50", "12.5", "10.50", "0.001", "007", "-007.0700", "123456789012345678901234567890123456789",
            "99999999999999999999999999999999999999E125", "1E0", "1e-5", "+1", " 7 ", "-1.5E+3", "0E10"})
    void agreesWithBigDecimal(String numeral) {
        assertThat(DynamoDbCanonical.canonicalNumber(numeral)).isEqualTo(reference(numeral));
    }

    @Test
    void agreesWithBigDecimalOnRandomNumerals() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder s = new StringBuilder();
            if (random.nextInt(3) == 0) {
                s.append('-');
            }
            int intDigits = random.nextInt(6);
            for (int d = 0; d < intDigits; d++) {
                s.append((char) ('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
            }
            if (random.nextBoolean()) {
                s.append('.');
                int fracDigits = random.nextInt(6);
                for (int d = 0; d < fracDigits; d++) {
                    s.append((char) ('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
                }
            }
            String numeral = s.toString();
            String expected;
            try {
                expected = reference(numeral);
            } catch (NumberFormatException notANumber) {
                assertThatThrownBy(() -> DynamoDbCanonical.canonicalNumber(numeral)).as(numeral)
                        .isInstanceOf(IllegalArgumentException.class);
                continue;
            }
            assertThat(DynamoDbCanonical.canonicalNumber(numeral)).as(numeral).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"", "-", ".", "-.", "1.2.3", "1,5", "NaN", "--1", "1-", "0x10", "1e"})
    void refusesWhatIsNotANumber(String numeral) {
        assertThatThrownBy(() -> DynamoDbCanonical.canonicalNumber(numeral))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + numeral + "'");
    }

    /** FORMAT.md's rule, as the encoder had it before it read plain numerals by hand. */
    private static String reference(String numeral) {
        BigDecimal d = new BigDecimal(numeral.trim());
        if (d.signum() == 0) {
            return "0";
        }
        d = d.stripTrailingZeros();
        return d.unscaledValue().toString() + "E" + (-(long) d.scale());
    }
}
