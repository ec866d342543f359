import { navigate, pageHref } from "../shell/router";
import { CallForm } from "./outbound/call-form";
import { CallView } from "./outbound/call-view";
import type { ConsolePage, PageProps } from "./page";
import "./outbound/outbound.css";

/** /console/outbound-call, and /console/outbound-call/<call id> to follow a placed call. */
function OutboundCall(props: PageProps) {
  const [callId] = props.rest;
  if (callId) return <CallView key={callId} callId={callId} />;
  return <CallForm onPlaced={(placed) => navigate(pageHref("outbound-call", placed))} />;
}

export const outboundCallPage: ConsolePage = {
  path: "outbound-call",
  title: "Outbound call",
  audience: "everyone",
  tenantScoped: true,
  component: OutboundCall,
};
