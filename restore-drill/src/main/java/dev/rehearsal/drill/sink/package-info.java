/**
 * The table sink port, split by role: {@link dev.rehearsal.drill.sink.TableLoader} (what a restore
 * loads through), {@link dev.rehearsal.drill.sink.RestoredTableReader} (what verification reads) and
 * {@link dev.rehearsal.drill.sink.SandboxAdmin} (what lists, marks and deletes the tables Rehearsal
 * creates). An engine implements all three as one {@link dev.rehearsal.drill.sink.TableSink}, in a
 * package of its own; consumers ask for the role they need.
 */
package dev.rehearsal.drill.sink;
