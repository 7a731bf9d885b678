/** Flyway's Java migrations; SQL migrations are in resources/db/migration. */
package db.migration;
