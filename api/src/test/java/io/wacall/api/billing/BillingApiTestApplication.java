package io.wacall.api.billing;

import io.wacall.activities.billing.BillingConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The billing API alone: its controllers and the billing slice of activities on a real PostgreSQL,
 * without Temporal (the API's billing endpoints never talk to it).
 */
@SpringBootConfiguration
@EnableAutoConfiguration(excludeName = {
    "io.temporal.spring.boot.autoconfigure.MetricsScopeAutoConfiguration",
    "io.temporal.spring.boot.autoconfigure.OpenTracingAutoConfiguration",
    "io.temporal.spring.boot.autoconfigure.TestServerAutoConfiguration",
    "io.temporal.spring.boot.autoconfigure.ServiceStubsAutoConfiguration",
    "io.temporal.spring.boot.autoconfigure.RootNamespaceAutoConfiguration",
    "io.temporal.spring.boot.autoconfigure.NonRootNamespaceAutoConfiguration"})
@Import({BillingConfiguration.class, BillingController.class, RateCardController.class})
class BillingApiTestApplication {}
