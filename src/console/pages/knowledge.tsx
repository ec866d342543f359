import { CollectionList } from "./knowledge/collection-list";
import { CollectionPage } from "./knowledge/collection-page";
import type { ConsolePage, PageProps } from "./page";
import "./lines/lines.css";

/** /console/knowledge, /console/knowledge/<collection id> */
function Knowledge(props: PageProps) {
  const [collectionId] = props.rest;
  return collectionId ? <CollectionPage collectionId={collectionId} /> : <CollectionList />;
}

export const knowledgePage: ConsolePage = {
  path: "knowledge",
  title: "Knowledge",
  audience: "everyone",
  tenantScoped: true,
  component: Knowledge,
};
