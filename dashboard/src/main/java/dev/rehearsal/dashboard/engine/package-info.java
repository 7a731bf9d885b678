/** Builds the configured sources, stores and sandbox from {@code rehearsal.*}, and says which policy covers which table. */
package dev.rehearsal.dashboard.engine;
