package io.wacall.api.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
public class WebConfiguration {
  /** After Spring Security (order -100): a request without credentials is refused before its body is read. */
  @Bean
  FilterRegistrationBean<RequestSizeLimit> requestSizeLimit(ObjectMapper json) {
    FilterRegistrationBean<RequestSizeLimit> registration = new FilterRegistrationBean<>(new RequestSizeLimit(json));
    registration.addUrlPatterns("/api/*", "/codec/*");
    registration.setOrder(0);
    return registration;
  }
}
