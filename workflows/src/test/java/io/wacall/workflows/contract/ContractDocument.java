package io.wacall.workflows.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/temporal-contract.md} as the contract tests read it: the tagged JSON examples, the
 * workflow and handler sections, the enum lists and the failure and activity tables, found by
 * their markers (HTML comments, invisible on GitHub). Markers that are not followed by what they
 * announce are collected as {@link #problems()}, so that a broken marker fails a test instead of
 * hiding an example.
 */
final class ContractDocument {
  /** Relative to the workflows module, where Maven runs its tests. */
  static final Path PATH = Path.of("../docs/temporal-contract.md");

  private static final Pattern EXAMPLE = Pattern.compile("<!--\\s*contract:\\s*(\\S+)(?:\\s+(\\S+))?\\s*-->");
  private static final Pattern WORKFLOW = Pattern.compile("<!--\\s*contract-workflow:\\s*(\\S+)\\s*-->");
  private static final Pattern HANDLERS = Pattern.compile("<!--\\s*contract-handlers:\\s*([^>]+?)\\s*-->");
  private static final Pattern HANDLER =
      Pattern.compile("<!--\\s*contract-(update|signal|query):\\s*(\\S+)\\s*-->");
  private static final Pattern ENUM = Pattern.compile("<!--\\s*contract-enum:\\s*(\\S+)\\s*-->");
  private static final Pattern TABLE = Pattern.compile("<!--\\s*contract-(failure-types|activities)\\s*-->");
  private static final Pattern ANY_MARKER = Pattern.compile("<!--\\s*contract[-:]");
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");
  private static final Pattern ENUM_VALUE = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern FIRST_CELL = Pattern.compile("^\\|\\s*`([^`]+)`");

  /** Handler kinds, as the markers spell them. */
  enum Kind {
    WORKFLOW,
    UPDATE,
    SIGNAL,
    QUERY;

    static Kind of(String marker) {
      return valueOf(marker.toUpperCase());
    }

    String marker() {
      return name().toLowerCase();
    }
  }

  /**
   * A part of the document that belongs to workflow types: a workflow's own part (kind WORKFLOW,
   * name = the type), or a handler's (kind UPDATE/SIGNAL/QUERY) under one or more types.
   */
  record Section(Kind kind, String name, List<String> workflowTypes, int line) {
    String describe() {
      return kind == Kind.WORKFLOW ? "workflow " + name
          : kind.marker() + " " + name + " of " + String.join(", ", workflowTypes);
    }
  }

  /** One tagged JSON block. */
  record Example(String type, String name, String json, int line, Section section) {
    String describe() {
      return type.substring(type.lastIndexOf('.') + 1) + (name == null ? "" : " '" + name + "'") + " (line " + line
          + ")";
    }
  }

  record EnumList(String type, Set<String> values, int line) {}

  private final List<String> lines;
  private final List<Example> examples = new ArrayList<>();
  private final List<Section> sections = new ArrayList<>();
  private final List<EnumList> enums = new ArrayList<>();
  private final Set<String> failureTypes = new LinkedHashSet<>();
  private final Set<String> activities = new LinkedHashSet<>();
  private final List<Integer> untaggedJsonBlocks = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  private ContractDocument(List<String> lines) {
    this.lines = lines;
    parse();
  }

  static ContractDocument read() {
    // Maven runs tests in the module directory; an IDE may run them from the repository root
    Path path = Files.exists(PATH) ? PATH : Path.of("docs/temporal-contract.md");
    try {
      return new ContractDocument(Files.readAllLines(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PATH.toAbsolutePath().normalize(), e);
    }
  }

  List<Example> examples() {
    return examples;
  }

  List<Section> sections() {
    return sections;
  }

  List<EnumList> enums() {
    return enums;
  }

  Set<String> failureTypes() {
    return failureTypes;
  }

  Set<String> activities() {
    return activities;
  }

  /** Line numbers of ```json blocks without a contract tag. */
  List<Integer> untaggedJsonBlocks() {
    return untaggedJsonBlocks;
  }

  /** Markers not followed by what they announce, unknown markers, unclosed blocks. */
  List<String> problems() {
    return problems;
  }

  String text() {
    return String.join("\n", lines);
  }

  /** The one example of {@code type} named {@code name}. */
  Example example(String type, String name) {
    List<Example> found = examples.stream()
        .filter(e -> e.type().equals(type) && java.util.Objects.equals(e.name(), name))
        .toList();
    if (found.size() != 1) {
      throw new AssertionError("the document has " + found.size() + " examples of " + type
          + (name == null ? " without a name" : " named '" + name + "'") + ", expected exactly one");
    }
    return found.get(0);
  }

  /** The first example of {@code type}. */
  Example example(String type) {
    return examples.stream().filter(e -> e.type().equals(type)).findFirst()
        .orElseThrow(() -> new AssertionError("the document has no example of " + type));
  }

  private void parse() {
    List<String> scope = List.of();
    Section workflowSection = null;
    Section current = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int number = i + 1;
      Matcher m;
      if (line.startsWith("```")) {
        if (line.equals("```json")) {
          untaggedJsonBlocks.add(number);
        }
        i = closingFence(i);
        continue;
      }
      if ((m = EXAMPLE.matcher(line)).matches()) {
        int fence = i + 1;
        if (fence >= lines.size() || !lines.get(fence).strip().equals("```json")) {
          problems.add("line " + number + ": an example marker must be followed directly by a ```json block");
          continue;
        }
        int end = closingFence(fence);
        String json = String.join("\n", lines.subList(fence + 1, Math.min(end, lines.size())));
        examples.add(new Example(m.group(1), m.group(2), json, fence + 1, current));
        i = end;
      } else if ((m = WORKFLOW.matcher(line)).matches()) {
        String type = m.group(1);
        requireHeading(i, "## ", type);
        scope = List.of(type);
        workflowSection = new Section(Kind.WORKFLOW, type, scope, number);
        sections.add(workflowSection);
        current = workflowSection;
        i = nextNonBlank(i); // the heading belongs to the marker
      } else if ((m = HANDLERS.matcher(line)).matches()) {
        scope = List.of(m.group(1).trim().split("\\s+"));
        requireHeading(i, "## ", scope.get(0));
        workflowSection = null;
        current = null;
        i = nextNonBlank(i);
      } else if ((m = HANDLER.matcher(line)).matches()) {
        String name = m.group(2);
        requireHeading(i, "### ", name);
        if (scope.isEmpty()) {
          problems.add("line " + number + ": " + m.group(1) + " " + name + " is outside any workflow section");
        }
        current = new Section(Kind.of(m.group(1)), name, scope, number);
        sections.add(current);
        i = nextNonBlank(i);
      } else if ((m = ENUM.matcher(line)).matches()) {
        int next = nextNonBlank(i);
        Set<String> values = new LinkedHashSet<>();
        if (next < lines.size()) {
          Matcher ticks = BACKTICKED.matcher(lines.get(next));
          while (ticks.find()) {
            if (ENUM_VALUE.matcher(ticks.group(1)).matches()) {
              values.add(ticks.group(1));
            }
          }
        }
        if (values.isEmpty()) {
          problems.add("line " + number + ": an enum marker must be followed by a line of `VALUES`");
        }
        enums.add(new EnumList(m.group(1), values, number));
        i = next;
      } else if ((m = TABLE.matcher(line)).matches()) {
        Set<String> into = m.group(1).equals("failure-types") ? failureTypes : activities;
        int row = i + 1;
        while (row < lines.size() && lines.get(row).strip().startsWith("|")) {
          Matcher cell = FIRST_CELL.matcher(lines.get(row).strip());
          if (cell.find()) {
            into.add(cell.group(1));
          }
          row++;
        }
        if (into.isEmpty()) {
          problems.add("line " + number + ": a table marker must be followed directly by a table");
        }
        i = row - 1;
      } else if (line.startsWith("<!--") && ANY_MARKER.matcher(line).find()) {
        problems.add("line " + number + ": unknown contract marker: " + line);
      } else if (line.startsWith("## ")) {
        scope = List.of();
        workflowSection = null;
        current = null;
      } else if (line.startsWith("### ")) {
        current = workflowSection; // a subsection of the workflow, e.g. its input
      }
    }
  }

  /** The line a marker announces must be a heading of that level naming {@code name} in backticks. */
  private void requireHeading(int markerIndex, String level, String name) {
    int next = nextNonBlank(markerIndex);
    String heading = next < lines.size() ? lines.get(next).strip() : "";
    if (!heading.startsWith(level) || !heading.contains("`" + name + "`")) {
      problems.add("line " + (markerIndex + 1) + ": the marker for " + name + " must be followed by a '" + level.strip()
          + "' heading that names `" + name + "`, found: " + heading);
    }
  }

  private int nextNonBlank(int index) {
    int next = index + 1;
    while (next < lines.size() && lines.get(next).isBlank()) {
      next++;
    }
    return next;
  }

  /** The index of the fence that closes the block opened at {@code open}. */
  private int closingFence(int open) {
    for (int j = open + 1; j < lines.size(); j++) {
      if (lines.get(j).strip().equals("```")) {
        return j;
      }
    }
    problems.add("line " + (open + 1) + ": a code block is never closed");
    return lines.size();
  }
}
