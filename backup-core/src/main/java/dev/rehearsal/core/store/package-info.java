/**
 * Where backups live. {@link dev.rehearsal.core.store.BackupStore} is a small put/get/list/delete
 * port over immutable objects; {@link dev.rehearsal.core.store.StoreLayout} owns every key name;
 * {@link dev.rehearsal.core.store.BackupRepository} answers "which backups are committed" and holds
 * the one guarded path that deletes a backup.
 *
 * <p>Implementations live in sub-packages, one per technology ({@code fs}, {@code s3}).
 */
package dev.rehearsal.core.store;
