package io.wacall.api.support;

import io.wacall.api.ApiConfiguration;
import io.wacall.worker.WorkerConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API and the worker in one test process, as the embedded mode runs them: real Spring MVC on
 * a random port, the Temporal starter's in-process test server, a real PostgreSQL.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({WorkerConfiguration.class, ApiConfiguration.class, TestServerSearchAttributes.class})
public class ApiTestApplication {}
