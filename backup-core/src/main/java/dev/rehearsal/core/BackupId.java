package dev.rehearsal.core;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Identifies one backup of one table: a UTC timestamp to the millisecond plus a random suffix,
 * for example {@code 20261121T155449.123Z-9f3a61c2}. Lexical order is time order, so listing a
 * store's keys lists backups oldest first.
 */
public record BackupId(String value) implements Comparable<BackupId> {

    private static final Pattern SYNTAX = Pattern.compile("\\d{8}T\\d{6}\\.\\d{3}Z-[0-9a-f]{8}");
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    public BackupId {
        if (value == null || !SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "invalid backup id '" + value + "': expected yyyyMMddTHHmmss.SSSZ-xxxxxxxx");
        }
    }

    public static BackupId at(Instant time) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return new BackupId(STAMP.format(time) + "-" + HexFormat.of().formatHex(suffix));
    }

    public static BackupId parse(String value) {
        return new BackupId(value);
    }

    public static boolean isValid(String value) {
        return value != null && SYNTAX.matcher(value).matches();
    }

    /** The time the backup started, to the millisecond. */
    public Instant time() {
        return Instant.from(STAMP.parse(value.substring(0, value.indexOf('-'))));
    }

    @Override
    public int compareTo(BackupId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
