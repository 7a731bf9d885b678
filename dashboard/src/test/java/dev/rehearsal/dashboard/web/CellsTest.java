package dev.rehearsal.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CellsTest {

    static Stream<Arguments> againstObjective() {
        return Stream.of(
                Arguments.of("nothing measured", null, 300.0, Cells.Level.GREY),
                Arguments.of("no objective", 10.0, null, Cells.Level.GREY),
                Arguments.of("well within", 10.0, 300.0, Cells.Level.GREEN),
                Arguments.of("exactly three quarters", 225.0, 300.0, Cells.Level.GREEN),
                Arguments.of("past three quarters", 226.0, 300.0, Cells.Level.AMBER),
                Arguments.of("exactly the objective", 300.0, 300.0, Cells.Level.AMBER),
                Arguments.of("over", 301.0, 300.0, Cells.Level.RED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void againstObjective(String name, Double value, Double objective, Cells.Level expected) {
        assertThat(Cells.against(value, objective)).isEqualTo(expected);
    }
}
