import { EditLine } from "./lines/edit-line";
import { LineList } from "./lines/line-list";
import { NewLine } from "./lines/new-line";
import type { ConsolePage, PageProps } from "./page";
import "./lines/lines.css";

/** /console/lines, /console/lines/new, /console/lines/<id> */
function Lines(props: PageProps) {
  const [sub] = props.rest;
  if (sub === "new") return <NewLine />;
  if (sub) return <EditLine bindingId={sub} />;
  return <LineList />;
}

export const linesPage: ConsolePage = {
  path: "lines",
  title: "Lines",
  audience: "everyone",
  tenantScoped: true,
  component: Lines,
};
