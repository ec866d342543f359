import { useEffect, useRef, useState } from "preact/hooks";
import type { KnowledgeCollection } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { Flash, setFlash } from "../../components/flash";
import { formatNumber } from "../../components/format";
import { asApiError, ErrorNotice, Loaded, useLoad } from "../../components/loaded";
import { Stat } from "../../components/stat";
import { Link } from "../../shell/link";
import { navigate, pageHref } from "../../shell/router";
import { useSession } from "../../shell/session";
import { DocumentsTable } from "./documents-table";
import { SearchBox } from "./search-box";
import { UploadForm } from "./upload-form";

/** How often the page asks again while a document is still being read. */
const READING_POLL_MS = 1000;

function DeleteCollection(props: { collection: KnowledgeCollection }) {
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const remove = async () => {
    try {
      await api.call("DELETE /v1/knowledge/collections/{collectionId}", {
        path: { collectionId: props.collection.id },
      });
      setFlash(`Deleted collection ${props.collection.name}.`);
      navigate(pageHref("knowledge"));
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <section class="form danger-zone" aria-labelledby="delete-kbc-heading">
      <h2 id="delete-kbc-heading">Delete this collection</h2>
      {asking ? (
        <p class="confirm">
          <span>Its documents go too; agents stop finding them at once.</span>
          <button type="button" class="button button-danger" ref={confirm} onClick={remove}>
            Delete collection now
          </button>
          <button type="button" class="button" onClick={() => setAsking(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" class="button button-danger" onClick={() => setAsking(true)}>
          Delete collection
        </button>
      )}
      {error && <ErrorNotice error={error} />}
    </section>
  );
}

function Collection(props: { collection: KnowledgeCollection; onChanged: () => void }) {
  const { api } = useSession();
  const { collection } = props;
  const [reading, setReading] = useState(false);
  const documents = useLoad(
    () =>
      api.call("GET /v1/knowledge/collections/{collectionId}/documents", {
        path: { collectionId: collection.id },
        query: { limit: "200" },
      }),
    [],
    reading ? READING_POLL_MS : undefined,
  );
  const unread =
    documents.state === "ready" &&
    documents.data.data.some((d) => d.status === "pending" || d.status === "processing");
  // Asks again while anything is being read; once all are read, the counts above change too.
  useEffect(() => {
    if (documents.state !== "ready") return;
    if (unread !== reading) setReading(unread);
    if (reading && !unread) props.onChanged();
  }, [documents, unread]);
  return (
    <>
      <Flash />
      <h2 class="collection-name">{collection.name}</h2>
      <div class="stats">
        <Stat label="Documents" value={formatNumber(collection.documentCount)} />
        <Stat label="Passages" value={formatNumber(collection.chunkCount)} note="searchable" />
        <Stat
          label="Embedding"
          value={<span class="mono">{collection.embedding.model}</span>}
          note={`${collection.embedding.dimensions} dimensions`}
        />
      </div>
      <UploadForm
        collectionId={collection.id}
        onUploaded={() => {
          setReading(true);
          documents.reload();
        }}
      />
      <Loaded result={documents} what="documents">
        {(page) => (
          <DocumentsTable
            documents={page.data}
            onChanged={() => {
              documents.reload();
              props.onChanged();
            }}
          />
        )}
      </Loaded>
      <SearchBox collectionId={collection.id} />
      <DeleteCollection collection={collection} />
      <p>
        <Link href={pageHref("knowledge")}>All collections</Link>
      </p>
    </>
  );
}

/** /console/knowledge/<id>: upload documents, watch them being read, and search them. */
export function CollectionPage(props: { collectionId: string }) {
  const { api } = useSession();
  const collection = useLoad(
    () =>
      api.call("GET /v1/knowledge/collections/{collectionId}", {
        path: { collectionId: props.collectionId },
      }),
    [props.collectionId],
  );
  return (
    <Loaded result={collection} what="the collection">
      {(found) => <Collection collection={found} onChanged={collection.reload} />}
    </Loaded>
  );
}
