/**
 * Status updates of recovery-plan runs, sent on their own to the people waiting: a webhook (signed
 * JSON), Slack, or a Statuspage incident. The plan runner fills a {@link
 * dev.rehearsal.dashboard.notify.StatusUpdate} at each step and hands it to the run's {@link
 * dev.rehearsal.dashboard.notify.Announcer}, which decides what is sent and when, sends it from its
 * own threads with retries, and reports every attempt to the run's timeline. Each {@link
 * dev.rehearsal.dashboard.notify.Notifier} sends one update once and knows one receiver's format.
 *
 * <p>Not here: what a plan is and how it runs (the plan runner), where the settings are bound and
 * checked at start-up (the daemon's configuration calls {@link
 * dev.rehearsal.dashboard.notify.NotifierSettings#problems}), and where the timeline is kept. The
 * wire formats are specified in docs/NOTIFICATIONS.md; a change a receiver could misread raises
 * {@link dev.rehearsal.dashboard.notify.StatusUpdate#SCHEMA_VERSION}.
 */
package dev.rehearsal.dashboard.notify;
