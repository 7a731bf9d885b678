package dev.rehearsal.dashboard.cluster;

import java.nio.charset.StandardCharsets;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A partition request on the wire: {@code {"stepName":"segment","stepExecutionId":42}}, JSON that
 * any RabbitMQ console shows as it is, persistent, and never a serialized Java object (which a
 * worker would have to trust to deserialize).
 */
final class RequestCodec implements MessageConverter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Message toMessage(Object object, MessageProperties properties) {
        if (!(object instanceof StepExecutionRequest r)) {
            throw new MessageConversionException("only partition requests go to the partition queue, not "
                    + (object == null ? "null" : object.getClass().getName()));
        }
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        String body = JSON.createObjectNode().put("stepName", r.getStepName())
                .put("stepExecutionId", r.getStepExecutionId()).toString();
        return new Message(body.getBytes(StandardCharsets.UTF_8), properties);
    }

    @Override
    public Object fromMessage(Message message) {
        try {
            JsonNode n = JSON.readTree(message.getBody());
            if (!n.path("stepName").isString() || !n.path("stepExecutionId").canConvertToLong()) {
                throw new MessageConversionException("not a partition request: " + n);
            }
            return new StepExecutionRequest(n.get("stepName").asString(), n.get("stepExecutionId").asLong());
        } catch (RuntimeException e) {
            if (e instanceof MessageConversionException m) {
                throw m;
            }
            throw new MessageConversionException("not a partition request: " + e.getMessage(), e);
        }
    }
}
