package io.wacall.backend.media;

import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@link MediaStore} {@code wacall.media.store} names: {@code local} (default) or {@code s3}. */
@Configuration(proxyBeanMethods = false)
public class MediaStoreConfiguration {

  @Bean
  public MediaStore mediaStore(MediaProperties properties) {
    return switch (properties.store().toLowerCase(Locale.ROOT)) {
      case "local" -> new LocalFolderMediaStore(properties.folder());
      case "s3" -> {
        S3MediaStore store = new S3MediaStore(properties.s3());
        store.ensureBucket();
        yield store;
      }
      default -> throw new IllegalStateException(
          "wacall.media.store must be 'local' or 's3', not '" + properties.store() + "'");
    };
  }
}
