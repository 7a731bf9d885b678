/** A backup store on a local or mounted filesystem: write to a temporary name, fsync, atomic rename. */
package dev.rehearsal.core.store.fs;
