package io.wacall.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The arrows between modules point one way: contract at the bottom, then workflows, then the back
 * end, the API and worker on top; the sandbox plays Meta and leans on nothing of ours. Maven's
 * dependencies already refuse most upward imports; this also pins the ones Maven would allow (a
 * module importing a package it reaches transitively) and that no module but the worker's wiring
 * reaches into another module's {@code ...Impl} classes.
 */
class ModuleBoundariesTest {
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.wacall\\.(\\w+)\\.([\\w.]+);", Pattern.MULTILINE);

  /** The top-level packages of io.wacall each module's main code may import. */
  private static final Map<String, List<String>> ALLOWED = Map.of(
      "contract", List.of("contract"),
      "workflows", List.of("contract", "workflows"),
      "sandbox", List.of("sandbox"),
      "backend", List.of("contract", "workflows", "backend"),
      "api", List.of("contract", "workflows", "backend", "api"));

  @Test
  void noModuleImportsUpwards() {
    List<String> wrong = new ArrayList<>();
    ALLOWED.forEach((module, allowed) -> imports(module).forEach(i -> {
      if (!allowed.contains(i.topPackage())) {
        wrong.add(module + ": " + i.file() + " imports io.wacall." + i.topPackage() + "." + i.rest());
      }
    }));
    assertThat(wrong).isEmpty();
  }

  @Test
  void onlyTheWorkersWiringReachesIntoAnotherModulesImplementations() {
    List<String> wrong = new ArrayList<>();
    for (String module : List.of("contract", "workflows", "backend", "api", "sandbox", "embedded")) {
      imports(module).forEach(i -> {
        boolean sameModule = module.equals(i.topPackage());
        if (!sameModule && i.rest().matches(".*Impl(\\..*)?")) {
          wrong.add(module + ": " + i.file() + " imports io.wacall." + i.topPackage() + "." + i.rest());
        }
      });
    }
    assertThat(wrong).isEmpty();
  }

  private record Import(String file, String topPackage, String rest) {}

  private static List<Import> imports(String module) {
    Path sources = DeployFiles.ROOT.resolve(module).resolve("src/main/java");
    assertThat(sources).isDirectory();
    try (Stream<Path> files = Files.walk(sources)) {
      List<Import> found = new ArrayList<>();
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          found.add(new Import(file.getFileName().toString(), m.group(1), m.group(2)));
        }
      }
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
