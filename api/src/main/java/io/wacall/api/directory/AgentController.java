package io.wacall.api.directory;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.wacall.activities.directory.AgentRepository;
import io.wacall.activities.directory.AgentRingingRepository;
import io.wacall.activities.directory.AgentUpdate;
import io.wacall.activities.directory.UnknownAgentException;
import io.wacall.api.directory.DirectoryJson.AgentBody;
import io.wacall.api.directory.DirectoryJson.AgentResponse;
import io.wacall.api.directory.DirectoryJson.Page;
import io.wacall.api.directory.DirectoryJson.RingingResponse;
import java.time.Clock;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agents, and the calls ringing for each of them (which their clients poll). */
@RestController
@RequestMapping("/api/v1/agents")
@Tag(name = "Directory: agents")
public class AgentController {
  private final AgentRepository agents;
  private final AgentRingingRepository ringing;
  private final Clock clock;

  public AgentController(AgentRepository agents, AgentRingingRepository ringing, Clock clock) {
    this.agents = agents;
    this.ringing = ringing;
    this.clock = clock;
  }

  @PutMapping("/{agentId}")
  @Operation(summary = "Create or replace an agent")
  public AgentResponse put(@PathVariable String agentId, @RequestBody AgentBody body) {
    return AgentResponse.of(agents.save(agentId, new AgentUpdate(body.name(), body.defaultChannel(), body.available())));
  }

  @GetMapping("/{agentId}")
  @Operation(summary = "An agent")
  public AgentResponse get(@PathVariable String agentId) {
    return agents.find(agentId).map(AgentResponse::of).orElseThrow(() -> new UnknownAgentException(agentId));
  }

  @GetMapping
  @Operation(summary = "List the agents, by id")
  public Page<AgentResponse> list(@RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    Paging paging = Paging.of(page, size);
    return new Page<>(agents.list(paging.offset(), size).stream().map(AgentResponse::of).toList(),
        page, size, agents.count());
  }

  /** The calls ringing for the agent now, the longest-ringing first; an agent client polls this. */
  @GetMapping("/{agentId}/ringing")
  @Operation(summary = "The calls ringing for an agent now")
  public List<RingingResponse> ringing(@PathVariable String agentId) {
    if (!agents.exists(agentId)) {
      throw new UnknownAgentException(agentId);
    }
    return ringing.ringingFor(agentId, clock.instant()).stream().map(RingingResponse::of).toList();
  }
}
