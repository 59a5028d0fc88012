from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("me/", views.profile, name="profile"),
    path("me/email/", views.email_change, name="email_change"),
    path("me/email/confirm/<str:token>/", views.email_confirm, name="email_confirm"),
    path("me/tokens/", views.token_create, name="token_create"),
    path("me/tokens/<id:pk>/delete/", views.token_delete, name="token_delete"),
    path("2fa/", views.second_factor, name="second_factor"),
    path("2fa/app/", views.totp_setup, name="totp_setup"),
    path("2fa/verify/", views.verify, name="second_factor_verify"),
    path("2fa/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("2fa/remove/<slug:kind>/<id:pk>/", views.remove_second_factor, name="remove_second_factor"),
    path("users/", views.user_list, name="users"),
    path("users/<id:pk>/", views.user_detail, name="user"),
    path("users/<id:pk>/revoke-tokens/", views.user_revoke_tokens, name="user_revoke_tokens"),
    path("users/<id:pk>/reset-second-factor/", views.user_reset_second_factor, name="user_reset_second_factor"),
    path("users/unlock/", views.unlock, name="unlock"),
    path("security/", views.security, name="security"),
]
