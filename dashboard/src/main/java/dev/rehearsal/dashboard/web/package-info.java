/**
 * The web dashboard for SREs: server-rendered pages (Thymeleaf) over the same coverage audit,
 * catalog and on-demand jobs as the REST API, plus the small JSON and report downloads those pages
 * need under the session. Who may see what is decided in the security package; this package only
 * hides controls a role may not use. No business rule lives here.
 */
package dev.rehearsal.dashboard.web;
