import { ConversationDetailPage } from "./conversations/conversation-detail";
import { ConversationList } from "./conversations/conversation-list";
import type { ConsolePage, PageProps } from "./page";
import "./conversations/conversations.css";

/** /console/conversations[?filters], /console/conversations/<callId> */
function Conversations(props: PageProps) {
  const [callId] = props.rest;
  if (callId) return <ConversationDetailPage key={callId} callId={callId} />;
  return <ConversationList />;
}

export const conversationsPage: ConsolePage = {
  path: "conversations",
  title: "Conversations",
  audience: "everyone",
  tenantScoped: true,
  component: Conversations,
};
