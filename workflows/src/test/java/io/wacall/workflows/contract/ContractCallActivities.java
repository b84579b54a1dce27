package io.wacall.workflows.contract;

import io.wacall.contract.call.view.AgentChannel;
import io.wacall.workflows.call.CallActivities;
import io.wacall.workflows.call.CallChargeRequest;
import io.wacall.contract.call.view.CallView;
import io.wacall.workflows.call.ConversationEvent;
import io.wacall.workflows.call.OutboundCheck;
import io.wacall.workflows.call.PermissionNotice;
import io.wacall.workflows.call.RingMember;
import io.wacall.workflows.call.RingNotification;
import io.wacall.workflows.call.Routing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The call workflows' outside world for the contract tests: one ring group, a connect that
 * answers with a given wacid, checks that can be told to refuse. Records the Cloud API calls.
 * (The call package's own fake is package-private; this one needs only the public interface.)
 */
class ContractCallActivities implements CallActivities {
  final List<String> cloudCalls = new CopyOnWriteArrayList<>();
  final List<CallChargeRequest> charges = new CopyOnWriteArrayList<>();
  volatile List<String> ringGroup = List.of();
  volatile List<String> dispositionTags = List.of();
  volatile String connectWacid = "wacid.unset";
  volatile OutboundCheck check = allowed();

  static OutboundCheck allowed() {
    return new OutboundCheck(true, true, "BR", "Brazil", null, true, "TEMPORARY");
  }

  static OutboundCheck noPermission() {
    return new OutboundCheck(true, true, "BR", "Brazil", null, false, "NONE");
  }

  @Override
  public Routing loadRouting(String phoneNumberId) {
    List<RingMember> members = ringGroup.stream()
        .map(agentId -> new RingMember(agentId, "Agent " + agentId, AgentChannel.WEB_APP, true))
        .toList();
    return new Routing("+551140040000", "BR", true, members, Duration.ofSeconds(20), Duration.ofMinutes(5), true,
        dispositionTags, Duration.ofSeconds(45));
  }

  @Override
  public void notifyAgent(RingNotification notification) {}

  @Override
  public void stopRinging(String callId, String agentId) {}

  @Override
  public void preAccept(String phoneNumberId, String wacid, String sdpAnswer) {
    cloudCalls.add("pre_accept " + wacid);
  }

  @Override
  public void accept(String phoneNumberId, String wacid, String sdpAnswer, String bizOpaque) {
    cloudCalls.add("accept " + wacid);
  }

  @Override
  public void reject(String phoneNumberId, String wacid) {
    cloudCalls.add("reject " + wacid);
  }

  @Override
  public void terminate(String phoneNumberId, String wacid) {
    cloudCalls.add("terminate " + wacid);
  }

  @Override
  public String connect(String phoneNumberId, String to, String sdpOffer, String bizOpaque) {
    cloudCalls.add("connect " + bizOpaque);
    return connectWacid;
  }

  @Override
  public OutboundCheck checkOutbound(String phoneNumberId, String to) {
    return check;
  }

  @Override
  public void recordCall(CallView snapshot) {}

  @Override
  public void logConversationEvent(ConversationEvent event) {}

  @Override
  public void notifyPermission(PermissionNotice notice) {}

  @Override
  public void recordCharge(CallChargeRequest charge) {
    charges.add(charge);
  }
}
