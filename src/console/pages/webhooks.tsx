import { Flash } from "../components/flash";
import { Loaded, useLoad } from "../components/loaded";
import { Link } from "../shell/link";
import { pageHref } from "../shell/router";
import { useSession } from "../shell/session";
import type { ConsolePage, PageProps } from "./page";
import { DeliveryLog } from "./webhooks/delivery-log";
import { EndpointList } from "./webhooks/endpoint-list";
import { DeleteEndpoint, EndpointSettings, RotateSecret } from "./webhooks/endpoint-settings";
import { describeEventTypes } from "./webhooks/event-types";
import "./webhooks/webhooks.css";

function EndpointDetail(props: { endpointId: string }) {
  const { api } = useSession();
  const endpoint = useLoad(
    () =>
      api.call("GET /v1/webhook-endpoints/{endpointId}", {
        path: { endpointId: props.endpointId },
      }),
    [props.endpointId],
  );
  return (
    <>
      <p>
        <Link href={pageHref("webhooks")}>← All endpoints</Link>
      </p>
      <Loaded result={endpoint} what="the endpoint">
        {(e) => (
          <>
            <section class="panel" aria-labelledby="endpoint-heading">
              <h2 id="endpoint-heading" class="endpoint-url">
                {e.url}
              </h2>
              <p>
                {e.enabled ? "Enabled" : "Disabled: it gets no events"} ·{" "}
                {describeEventTypes(e.eventTypes)}
                {e.description && ` · ${e.description}`}
              </p>
            </section>
            <DeliveryLog endpoint={e} />
            <EndpointSettings endpoint={e} onSaved={endpoint.reload} />
            <RotateSecret endpoint={e} onRotated={endpoint.reload} />
            <DeleteEndpoint endpoint={e} />
          </>
        )}
      </Loaded>
    </>
  );
}

/** /console/webhooks and /console/webhooks/<endpoint id> */
function Webhooks(props: PageProps) {
  const [endpointId] = props.rest;
  if (endpointId) return <EndpointDetail endpointId={endpointId} />;
  return (
    <>
      <Flash />
      <EndpointList />
    </>
  );
}

export const webhooksPage: ConsolePage = {
  path: "webhooks",
  title: "Webhooks",
  audience: "everyone",
  tenantScoped: true,
  component: Webhooks,
};
