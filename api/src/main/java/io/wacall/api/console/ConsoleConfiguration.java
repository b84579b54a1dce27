package io.wacall.api.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The agent console: static files (HTML, CSS, ES modules) under {@code static/console}, served as
 * they are (no build step). {@code /console} opens its page. The files hold no secret: the agent
 * signs in with its token, which the page sends as a bearer token to the API (docs/console.md).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration implements WebMvcConfigurer {
  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addRedirectViewController("/console", "/console/");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
  }
}
