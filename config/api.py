"""The JSON API under /api/v1/: session or personal-token authentication, same access rules."""

from ninja import NinjaAPI

from wistara.accounts.api import ApiKeyAuth, SessionCsrfAuth
from wistara.accounts.api import router as accounts_router
from wistara.accounts.api_offices import router as offices_router
from wistara.assessments.api import router as assessments_router
from wistara.assessments.api_odf import router as odf_router
from wistara.common.api_errors import install_error_handlers
from wistara.dossier.api import router as dossier_router
from wistara.dossier.api_provincial import router as provincial_router
from wistara.evidence.api import router as evidence_router
from wistara.institutions.api import router as institutions_router
from wistara.instruments.api import router as instruments_router
from wistara.reports.api import router as reports_router
from wistara.verification.api import router as verification_router
from wistara.workspace.region_api import router as regions_router
from wistara.workspace.region_api import workspace_router

api = NinjaAPI(
    title="Wistara API",
    version="1",
    description=(
        "The Kabupaten/Kota Sehat (KKS) platform. Authenticate with a personal API token "
        "(`Authorization: Bearer wst_...`, created under Akun > Token API) or a browser session."
    ),
    auth=[ApiKeyAuth(), SessionCsrfAuth()],
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/me", accounts_router, tags=["accounts"])
api.add_router("/regions", regions_router, tags=["regions"])
api.add_router("/workspaces", workspace_router, tags=["workspaces"])
api.add_router("/instruments", instruments_router, tags=["instruments"])
api.add_router("/assessments", assessments_router, tags=["assessments"])
api.add_router("/verification", verification_router, tags=["verification"])
api.add_router("/odf", odf_router, tags=["odf"])
api.add_router("/offices", offices_router, tags=["offices"])
api.add_router("/evidence", evidence_router, tags=["evidence"])
api.add_router("/reports", reports_router, tags=["reports"])
api.add_router("/institutions", institutions_router, tags=["institutions and meetings"])
api.add_router("/dossier", dossier_router, tags=["dossier"])
api.add_router("/provincial-documents", provincial_router, tags=["provincial documents"])


# Issue 15, one error contract: every refusal answers the one ErrorOut body, translated here only.
install_error_handlers(api)
