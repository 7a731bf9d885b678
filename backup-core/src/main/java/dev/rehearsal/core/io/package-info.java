/** Small stream, retry and rate-limit helpers used by sources, stores and the backup runner. */
package dev.rehearsal.core.io;
