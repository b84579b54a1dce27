package io.wacall.backend.logging;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Registers {@code %mask} before Spring Boot sets up logging (which happens once the environment
 * is prepared, after this event). Listed in {@code META-INF/spring.factories}, so every wacall
 * process and every Spring Boot test gets it.
 */
public class MaskingConverterRegistrar implements ApplicationListener<ApplicationStartingEvent> {
  public MaskingConverterRegistrar() {
    MaskingConverter.register();
  }

  @Override
  public void onApplicationEvent(ApplicationStartingEvent event) {
    MaskingConverter.register();
  }
}
