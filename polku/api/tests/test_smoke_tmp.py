import json
import pytest
from django.test import Client as HttpClient

@pytest.mark.django_db
def test_smoke():
    http = HttpClient()
    r = http.get('/api/openapi.json'); print(r.status_code, r['Content-Type'], r.get('Cache-Control'))
    s = r.json(); print(s['openapi'], list(s['paths']))
    print(json.dumps(s['paths']['/api/clients/{client_id}'], indent=1)[:3000]); print(json.dumps(s['components']['securitySchemes']))
    r = http.get('/api/docs'); print(r.status_code, r['Content-Type']); print(r.content.decode()[:1500])
    r = http.get('/api/me'); print(r.status_code, r.content, dict(r.headers))
