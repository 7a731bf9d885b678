package dev.rehearsal.core.store;

import dev.rehearsal.core.BackupId;
import dev.rehearsal.core.BackupRef;
import java.util.Optional;

/**
 * Every key name Rehearsal writes, in one place (see docs/FORMAT.md, "Layout"):
 *
 * <pre>
 * &lt;source&gt;/&lt;table&gt;/&lt;backupId&gt;/manifest.json
 * &lt;source&gt;/&lt;table&gt;/&lt;backupId&gt;/data/&lt;segment&gt;-&lt;part&gt;.json.zst
 * </pre>
 *
 * The store's own prefix (a directory, or an S3 key prefix) comes before these keys.
 */
public final class StoreLayout {

    public static final String MANIFEST = "manifest.json";
    public static final String DATA_FOLDER = "data/";

    private StoreLayout() {
    }

    public static String tablePrefix(String source, String table) {
        return BackupRef.requireSourceName(source) + "/" + BackupRef.requireTableName(table) + "/";
    }

    public static String backupPrefix(BackupRef ref) {
        return tablePrefix(ref.source(), ref.table()) + ref.id() + "/";
    }

    public static String manifestKey(BackupRef ref) {
        return backupPrefix(ref) + MANIFEST;
    }

    /** The prefix that holds only data objects: what DynamoDB's ImportTable is pointed at. */
    public static String dataPrefix(BackupRef ref) {
        return backupPrefix(ref) + DATA_FOLDER;
    }

    /** Relative name of a data object inside its backup, as the manifest records it. */
    public static String dataObjectName(int segment, int part, String extension) {
        return String.format("%s%05d-%05d%s", DATA_FOLDER, segment, part, extension);
    }

    public static String objectKey(BackupRef ref, String objectName) {
        if (objectName.startsWith("/") || objectName.contains("..")) {
            throw new IllegalArgumentException("object name '" + objectName + "' leaves backup " + ref);
        }
        return backupPrefix(ref) + objectName;
    }

    /**
     * The backup a manifest key belongs to, if {@code key} is {@code <source>/<table>/<backupId>/manifest.json}
     * under {@code tablePrefix}.
     */
    public static Optional<BackupId> backupIdOfManifest(String tablePrefix, String key) {
        if (!key.startsWith(tablePrefix) || !key.endsWith("/" + MANIFEST)) {
            return Optional.empty();
        }
        String middle = key.substring(tablePrefix.length(), key.length() - MANIFEST.length() - 1);
        return BackupId.isValid(middle) ? Optional.of(BackupId.parse(middle)) : Optional.empty();
    }
}
