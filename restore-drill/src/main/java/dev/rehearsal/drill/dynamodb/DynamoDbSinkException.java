package dev.rehearsal.drill.dynamodb;

/** A DynamoDB call of a restore failed; the message names the table and the endpoint. */
public class DynamoDbSinkException extends RuntimeException {

    public DynamoDbSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
