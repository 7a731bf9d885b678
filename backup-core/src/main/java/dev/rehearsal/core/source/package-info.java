/**
 * The table source port: what a database engine implements so that Rehearsal can back up its
 * tables. {@link dev.rehearsal.core.source.TableSource} describes and counts a table and opens a
 * {@link dev.rehearsal.core.source.TableScan} whose segments are read in parallel.
 *
 * <p>Engines live in sub-packages ({@code dynamodb}, later {@code postgres}) and encode their own
 * items: a JSON line for the data object and the SHA-256 of a canonical encoding for the content digest.
 */
package dev.rehearsal.core.source;
