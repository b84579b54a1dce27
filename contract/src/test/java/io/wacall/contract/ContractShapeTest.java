package io.wacall.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract holds only what another service needs to call wacall through Temporal: interfaces,
 * records, enums and constant holders (a final class with a private constructor and only static
 * members). No mutable state, no implementation to depend on.
 */
class ContractShapeTest {

  @Test
  void everyTypeIsAnInterfaceARecordAnEnumOrAConstantHolder() throws Exception {
    List<Class<?>> types = contractTypes();
    assertThat(types).hasSizeGreaterThan(30);
    List<String> wrong = new ArrayList<>();
    for (Class<?> type : types) {
      if (type.isInterface() || type.isRecord() || type.isEnum() || type.isAnnotation()) {
        continue;
      }
      if (type.getEnclosingClass() != null && type.getEnclosingClass().isEnum()) {
        continue; // an enum constant with a body
      }
      boolean holder = Modifier.isFinal(type.getModifiers())
          && Stream.of(type.getDeclaredConstructors()).allMatch(c -> Modifier.isPrivate(c.getModifiers()))
          && Stream.of(type.getDeclaredFields()).allMatch(f -> Modifier.isStatic(f.getModifiers()))
          && Stream.of(type.getDeclaredMethods()).allMatch(m -> Modifier.isStatic(m.getModifiers()));
      if (!holder) {
        wrong.add(type.getName());
      }
    }
    assertThat(wrong).as("contract types that are not interfaces, records, enums or constant holders").isEmpty();
  }

  @Test
  void noStaticFieldCanChange() throws Exception {
    List<String> mutable = new ArrayList<>();
    for (Class<?> type : contractTypes()) {
      for (Field field : type.getDeclaredFields()) {
        int m = field.getModifiers();
        if (Modifier.isStatic(m) && !Modifier.isFinal(m) && !field.isSynthetic()) {
          mutable.add(type.getName() + "." + field.getName());
        }
      }
    }
    assertThat(mutable).isEmpty();
  }

  @Test
  void itImportsNothingOfWacallOutsideTheContract() throws IOException {
    Path sources = Path.of("src/main/java");
    try (Stream<Path> files = Files.walk(sources)) {
      List<String> upward = files.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
        try {
          return Files.readAllLines(p).stream()
              .filter(line -> line.startsWith("import ") && line.contains("io.wacall.")
                  && !line.contains("io.wacall.contract."))
              .map(line -> p.getFileName() + ": " + line);
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }).toList();
      assertThat(upward).isEmpty();
    }
  }

  private static List<Class<?>> contractTypes() throws IOException, URISyntaxException, ClassNotFoundException {
    Path root = Path.of(WorkflowIds.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
        Class<?> type = Class.forName(name, false, ContractShapeTest.class.getClassLoader());
        if (!type.isSynthetic() && !type.isAnonymousClass()) {
          types.add(type);
        }
      }
    }
    return types;
  }
}
