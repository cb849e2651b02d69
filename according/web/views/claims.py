"""Search over claims (the API's filters), and one claim's travels: first appearance, echoes
on a timeline, and who-said-who-said drawn as a graph."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response

from ...api.context import context
from ...document import KINDS, STANCES
from ...store import queries
from .. import params
from ..charts import chain_graph, timeline
from ..templating import render

router = APIRouter()


@router.get("/claims")
def claims(request: Request) -> Response:
    store = context(request).require_store()
    f = params.claim_filter(request.query_params)
    page = queries.claims_page(store, f)
    return render(
        request,
        "claims.html",
        {
            "page": page,
            "f": f,
            "stances": STANCES,
            "kinds": KINDS,
            "orders": {o: params.ORDER_LABELS.get(o, o) for o in params.CLAIM_ORDERS},
            "outlets": queries.outlets(store),
            "api": "/api/v1/claims",
        },
    )


@router.get("/claims/{claim_id}")
def claim(request: Request, claim_id: int = Path(ge=1, le=2**31 - 1)) -> Response:
    item = queries.claim(context(request).require_store(), claim_id)
    chains = [a["chain"] for a in item["appearances"]]
    return render(
        request,
        "claim.html",
        {"claim": item, "timeline": timeline(item["appearances"]), "graph": chain_graph(chains)},
    )
