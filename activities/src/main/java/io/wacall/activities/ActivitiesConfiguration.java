package io.wacall.activities;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** Activity implementations, repositories and the Cloud API client. Imported by worker and api. */
@Configuration(proxyBeanMethods = false)
@ComponentScan(basePackageClasses = ActivitiesConfiguration.class)
@ConfigurationPropertiesScan(basePackageClasses = ActivitiesConfiguration.class)
public class ActivitiesConfiguration {}
