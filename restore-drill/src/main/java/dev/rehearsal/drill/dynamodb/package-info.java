/** DynamoDB as a restore target: table creation from a manifest, BatchWriteItem loading, item codec. */
package dev.rehearsal.drill.dynamodb;
