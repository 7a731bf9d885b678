/** The daemon's {@code rehearsal.*} configuration and its start-up validation. */
package dev.rehearsal.dashboard.config;
