/**
 * The table sink port: what a database engine implements so that Rehearsal can restore into it.
 * Engines live in their own packages ({@code dev.rehearsal.drill.dynamodb}).
 */
package dev.rehearsal.drill.sink;
