/** The audit log: every mutating API call and every scheduled job start, in the catalog and the log. */
package dev.rehearsal.dashboard.audit;
