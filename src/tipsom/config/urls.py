from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from tipsom.cases import api as cases_api
from tipsom.core import api as core_api
from tipsom.insights import api as insights_api
from tipsom.justice import api as justice_api
from tipsom.linkage import api as linkage_api
from tipsom.network import api as network_api
from tipsom.programme import api as programme_api
from tipsom.referrals import api as referrals_api

router = DefaultRouter()
router.register("organisations", core_api.OrganisationViewSet, basename="organisation")
router.register("contact-points", core_api.ContactPointViewSet, basename="contactpoint")
router.register("users", core_api.UserViewSet, basename="user")
router.register("audit-entries", core_api.AuditEntryViewSet, basename="auditentry")
router.register("jobs", core_api.JobViewSet, basename="job")
router.register("cases", cases_api.CaseViewSet, basename="case")
router.register("persons", cases_api.PersonViewSet, basename="person")
router.register("service-offers", referrals_api.ServiceOfferViewSet, basename="serviceoffer")
router.register("referrals", referrals_api.ReferralViewSet, basename="referral")
router.register("notifications", core_api.NotificationViewSet, basename="notification")
router.register("linkage/runs", linkage_api.RunViewSet, basename="linkagerun")
router.register("linkage/pairs", linkage_api.PairViewSet, basename="matchpair")
router.register("linkage/identities", linkage_api.IdentityViewSet, basename="identity")
router.register("linkage/decisions", linkage_api.DecisionViewSet, basename="linkagedecision")
router.register("linkage/counts", linkage_api.CountViewSet, basename="linkagecount")
router.register("statistics/indicators", insights_api.IndicatorViewSet, basename="indicators")
router.register("justice/offences", justice_api.OffenceViewSet, basename="offence")
router.register("justice/firs", justice_api.FirViewSet, basename="fir")
router.register("justice/watchlist", justice_api.WatchlistViewSet, basename="watchlist")
router.register("justice/watchlist-hits", justice_api.HitViewSet, basename="watchlisthit")
router.register("network/members", network_api.MemberViewSet, basename="networkmember")
router.register("network/meetings", network_api.MeetingViewSet, basename="networkmeeting")
router.register("network/decisions", network_api.DecisionViewSet, basename="networkdecision")
router.register("network/action-points", network_api.ActionPointViewSet, basename="actionpoint")
router.register("programme/programmes", programme_api.ProgrammeViewSet, basename="programme")
router.register("programme/indicators", programme_api.IndicatorViewSet, basename="indicator")
router.register("programme/expenditure", programme_api.ExpenditureViewSet, basename="expenditure")
router.register("programme/reports", programme_api.ReportViewSet, basename="progressreport")
router.register("programme/training", programme_api.TrainingViewSet, basename="trainingevent")

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/", include((router.urls, "api"))),
    path("cases/", include("tipsom.cases.urls")),
    path("referrals/", include("tipsom.referrals.urls")),
    path("exchange/", include("tipsom.exchange.urls")),
    path("linkage/", include("tipsom.linkage.urls")),
    path("statistics/", include("tipsom.insights.urls")),
    path("published/", include("tipsom.insights.public_urls")),
    path("justice/", include("tipsom.justice.urls")),
    path("network/", include("tipsom.network.urls")),
    path("programme/", include("tipsom.programme.urls")),
    path("", include("tipsom.core.urls")),
]
