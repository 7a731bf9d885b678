package dev.rehearsal.dashboard.cluster;

import dev.rehearsal.dashboard.config.RehearsalProperties;
import dev.rehearsal.dashboard.jobs.RehearsalJobs;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.integration.partition.StepExecutionRequest;
import org.springframework.batch.integration.partition.StepExecutionRequestHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.amqp.dsl.Amqp;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remote partitioning, wired when {@code rehearsal.cluster.enabled} is true: partition requests go
 * from a channel through Spring Integration's AMQP outbound adapter to a durable queue; every
 * replica consumes that queue with {@code worker-concurrency} consumers, one unacknowledged request
 * each, and runs what it takes through {@link PartitionWorker}. A request is acknowledged when its
 * partition has ended; one whose worker died is delivered again and dropped there (its claim
 * exists), while the manager fails the partition and a restart sends a new request.
 */
@Configuration(proxyBeanMethods = false)
@EnableIntegration
@ConditionalOnBooleanProperty("rehearsal.cluster.enabled")
class ClusterConfiguration {

    /** How long a partition request waits for the broker's publisher confirm before its job fails. */
    static final long CONFIRM_TIMEOUT_MILLIS = 10_000;

    @Bean
    Queue rehearsalPartitionQueue(RehearsalProperties config) {
        return new Queue(config.cluster().queue(), true, false, false);
    }

    @Bean
    DirectChannel rehearsalPartitionRequests() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow rehearsalPartitionRequestsOut(DirectChannel rehearsalPartitionRequests, ConnectionFactory broker,
            RehearsalProperties config) {
        RabbitTemplate template = new RabbitTemplate(broker);
        template.setMessageConverter(new RequestCodec());
        // Each request is sent only once the broker confirms it has it (spring.rabbitmq.publisher-confirm-type
        // is correlated by default): a request the broker refused or lost fails the job, naming the broker.
        return IntegrationFlow.from(rehearsalPartitionRequests)
                .handle(Amqp.outboundAdapter(template).routingKey(config.cluster().queue())
                        .confirmCorrelationExpression("headers['id']")
                        .waitForConfirm(true)
                        .confirmTimeout(CONFIRM_TIMEOUT_MILLIS))
                .get();
    }

    @Bean
    PartitionMetrics partitionMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        return new PartitionMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    RemotePartitions remotePartitions(JobRepository repository, DirectChannel rehearsalPartitionRequests,
            ConnectionFactory broker, Partitions partitions, PartitionMetrics metrics, PartitionProgress progress,
            RehearsalProperties config) {
        return new RemotePartitions(repository, rehearsalPartitionRequests, broker, partitions, metrics, progress,
                config.cluster().heartbeat(), config.cluster().deadAfter());
    }

    @Bean
    PartitionProgress partitionProgress() {
        return new PartitionProgress();
    }

    @Bean(destroyMethod = "close")
    PartitionWorker partitionWorker(JobRepository repository, ObjectProvider<RehearsalJobs> jobs, Partitions partitions,
            PartitionMetrics metrics, JdbcTemplate jdbc, PartitionProgress progress, RehearsalProperties config) {
        StepExecutionRequestHandler handler = new StepExecutionRequestHandler();
        handler.setJobRepository(repository);
        handler.setStepLocator(name -> jobs.getObject().partitionStep(name));
        return new PartitionWorker(repository, handler, partitions, metrics, jdbc, progress, config.cluster().heartbeat(),
                config.cluster().deadAfter());
    }

    @Bean
    IntegrationFlow rehearsalPartitionWorker(ConnectionFactory broker, PartitionWorker worker, RehearsalProperties config) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(broker);
        container.setQueueNames(config.cluster().queue());
        container.setConcurrentConsumers(config.cluster().workerConcurrency());
        container.setPrefetchCount(1);
        container.setAcknowledgeMode(AcknowledgeMode.AUTO);
        container.setMissingQueuesFatal(false);
        return IntegrationFlow.from(Amqp.inboundAdapter(container).messageConverter(new RequestCodec()))
                .handle(StepExecutionRequest.class, (request, headers) -> {
                    worker.handle(request);
                    return null;
                })
                .get();
    }
}
