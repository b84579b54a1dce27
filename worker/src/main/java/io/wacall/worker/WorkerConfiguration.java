package io.wacall.worker;

import io.wacall.backend.BackendConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The worker: hosts the workflows and activities on the task queue. */
@Configuration(proxyBeanMethods = false)
// application roots and test configurations (@SpringBootConfiguration) are never components
@ComponentScan(basePackageClasses = WorkerConfiguration.class,
    excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@Import(BackendConfiguration.class)
public class WorkerConfiguration {}
