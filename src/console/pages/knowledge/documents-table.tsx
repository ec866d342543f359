import { useState } from "preact/hooks";
import type { KnowledgeDocument } from "../../api/api-types.gen";
import type { ApiError } from "../../api/client";
import { DataTable } from "../../components/data-table";
import { formatNumber, formatTime } from "../../components/format";
import { asApiError, ErrorNotice } from "../../components/loaded";
import { useSession } from "../../shell/session";

const STATUS_WORDS: Record<KnowledgeDocument["status"], string> = {
  pending: "waiting to be read",
  processing: "being read",
  ready: "ready: searchable",
  failed: "failed",
};

function Status(props: { document: KnowledgeDocument }) {
  const { status, error } = props.document;
  return (
    <>
      <span class={`badge badge-doc-${status}`}>{STATUS_WORDS[status]}</span>
      {error && <span class="block field-error">{error}</span>}
    </>
  );
}

function RemoveButton(props: { document: KnowledgeDocument; onRemoved: () => void }) {
  const { api } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const { collectionId, id, title } = props.document;
  const remove = async () => {
    try {
      await api.call("DELETE /v1/knowledge/collections/{collectionId}/documents/{documentId}", {
        path: { collectionId, documentId: id },
      });
      props.onRemoved();
    } catch (caught) {
      setError(asApiError(caught));
    }
  };
  return (
    <>
      <button type="button" class="button button-small" onClick={remove}>
        Remove<span class="visually-hidden"> {title}</span>
      </button>
      {error && <ErrorNotice error={error} />}
    </>
  );
}

const size = (bytes: number) =>
  bytes < 1024 ? `${formatNumber(bytes)} B` : `${formatNumber(Math.round(bytes / 1024))} KB`;

/** The collection's documents and how far each is from being searchable. */
export function DocumentsTable(props: {
  documents: readonly KnowledgeDocument[];
  onChanged: () => void;
}) {
  return (
    <DataTable<KnowledgeDocument>
      caption="Documents"
      rows={props.documents}
      rowKey={(d) => d.id}
      empty="No documents yet: upload the first one above."
      columns={[
        { header: "Title", cell: (d) => d.title },
        { header: "Format", cell: (d) => d.format },
        { header: "Size", cell: (d) => size(d.byteSize), numeric: true },
        { header: "Status", cell: (d) => <Status document={d} /> },
        { header: "Passages", cell: (d) => formatNumber(d.chunkCount), numeric: true },
        { header: "Added", cell: (d) => formatTime(d.createdAt) },
        {
          header: "Actions",
          cell: (d) => <RemoveButton document={d} onRemoved={props.onChanged} />,
        },
      ]}
    />
  );
}
