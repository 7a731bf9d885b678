/**
 * DynamoDB as a table source, through the AWS SDK for Java v2: parallel Scan with retries and a
 * read-rate limit ({@link dev.rehearsal.core.source.dynamodb.DynamoDbTableSource}), DynamoDB JSON
 * lines as in DynamoDB's native export ({@link dev.rehearsal.core.source.dynamodb.DynamoDbJson}),
 * the canonical item encoding for the content digest
 * ({@link dev.rehearsal.core.source.dynamodb.DynamoDbCanonical}) and the table schema recorded in
 * the manifest ({@link dev.rehearsal.core.source.dynamodb.DynamoDbSchema}), and the one rule for
 * which DynamoDB failures are retried ({@link dev.rehearsal.core.source.dynamodb.DynamoDbErrors}),
 * which restore-drill's DynamoDB sink uses too.
 */
package dev.rehearsal.core.source.dynamodb;
