"""The Kundencenter API: registers the blueprints, nothing else of substance."""

from chalicelib import web
from chalicelib.app_base import PortalApp
from chalicelib.audit.routes import bp as audit_bp
from chalicelib.auth.routes import bp as auth_bp
from chalicelib.feedback.routes import bp as feedback_bp

app = PortalApp(app_name="kundencenter-portal")
app.api.binary_types.append("application/pdf")
web.install(app)
app.register_blueprint(auth_bp)
app.register_blueprint(audit_bp)
app.register_blueprint(feedback_bp)
