"""Personal API tokens: ``Authorization: Bearer <token>`` (tokens from ``mandates api_token``)."""
from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"
