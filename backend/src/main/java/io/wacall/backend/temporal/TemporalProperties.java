package io.wacall.backend.temporal;

import io.wacall.contract.WorkflowIds;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * wacall's side of the Temporal contract. The connection itself (target, namespace) is the
 * Temporal Spring Boot starter's {@code spring.temporal.*}.
 *
 * @param taskQueue the task queue every wacall workflow and activity runs on
 */
@ConfigurationProperties("wacall.temporal")
public record TemporalProperties(@DefaultValue(WorkflowIds.TASK_QUEUE) String taskQueue) {}
