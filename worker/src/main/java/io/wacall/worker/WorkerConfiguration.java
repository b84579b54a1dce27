package io.wacall.worker;

import io.wacall.activities.ActivitiesConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The worker: hosts the workflows and activities on the task queue. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = WorkerConfiguration.class)
@Import(ActivitiesConfiguration.class)
public class WorkerConfiguration {}
