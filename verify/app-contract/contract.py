"""The ai-service 2.2.0 contract, driven with the app's own client libraries against loopback fakes.

Written from the contract (docs/design.md "The ai-service 2.2.0 contract"), not from ai-service's code.
`npm run test:app-contract` (verify/app-contract.ts) synthesizes the stacks, derives one case per mode
and runs `python contract.py run` with the case as JSON on stdin. This script then:

- starts the fakes on 127.0.0.1: a forward HTTP proxy (plain requests for `http://...`, CONNECT with
  TLS for `https://...`) that plays the Workspace Service (vLLM's OpenAI API) and Azure OpenAI at the
  host names the synthesized configuration names, and a TLS Entra ID token endpoint;
- starts the driver (`python contract.py drive`) in a child process whose environment is exactly the
  ai-service ConfigMap we synthesize, plus, in Azure OpenAI mode, what the workload identity webhook
  injects (AZURE_CLIENT_ID from the ServiceAccount annotation, AZURE_TENANT_ID,
  AZURE_FEDERATED_TOKEN_FILE, AZURE_AUTHORITY_HOST, here pointed at the fake), plus the loopback
  plumbing: HTTP_PROXY/HTTPS_PROXY to the fake proxy (so the in-cluster and Azure host names reach
  127.0.0.1 unchanged, as the clients resolve them) and the fakes' CA (SSL_CERT_FILE for httpx,
  REQUESTS_CA_BUNDLE for requests). Nothing leaves 127.0.0.1: the proxy answers every host itself;
- judges what the fakes saw against what the other side of the contract says (Kaito's served
  model name, the infra identity and federated credential, the deployment and our API version), and
  prints one JSON line per check: {"ok": bool, "check": str, "detail": str}.
"""

import base64
import datetime
import http.server
import ipaddress
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import urllib.parse

SCOPE = "https://cognitiveservices.azure.com/.default"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


# ---------------------------------------------------------------- the driver (child process)


def drive():
    """Uses openai and azure-identity as the contract says ai-service does, configured from the environment only."""
    from openai import AzureOpenAI, OpenAI

    env = os.environ
    out = {}
    prompt = [{"role": "user", "content": "Describe a catnip cushion."}]
    try:
        if env.get("USE_LOCAL_LLM", "").lower() == "true":
            client = OpenAI(api_key="EMPTY", base_url=env["LOCAL_LLM_ENDPOINT"], max_retries=0)
            listed = [m.id for m in client.models.list().data]
            out["listed"] = listed
            wanted = env.get("LOCAL_LLM_MODEL") or (listed[0] if listed else None)
            out["model"] = wanted
            if wanted not in listed:
                raise RuntimeError(f"LOCAL_LLM_MODEL {wanted} is not among the served models {listed}")
            answer = client.chat.completions.create(model=wanted, messages=prompt)
        elif env.get("USE_AZURE_OPENAI", "").lower() == "true":
            if env.get("USE_AZURE_AD", "").lower() != "true":
                raise RuntimeError("USE_AZURE_AD is not True: the contract would need a key")
            from azure.identity import DefaultAzureCredential, get_bearer_token_provider

            credential = DefaultAzureCredential(
                exclude_cli_credential=True,  # no local tools in the pod; keeps the fallback chain on loopback
                exclude_powershell_credential=True,
                exclude_developer_cli_credential=True,
                exclude_visual_studio_code_credential=True,
                exclude_shared_token_cache_credential=True,
            )
            client = AzureOpenAI(
                api_version=env.get("AZURE_OPENAI_API_VERSION"),
                azure_endpoint=env["AZURE_OPENAI_ENDPOINT"],
                azure_ad_token_provider=get_bearer_token_provider(credential, SCOPE),
                max_retries=0,
            )
            answer = client.chat.completions.create(model=env["AZURE_OPENAI_DEPLOYMENT_NAME"], messages=prompt)
        else:
            raise RuntimeError("neither USE_LOCAL_LLM nor USE_AZURE_OPENAI is True")
        out["answer"] = answer.choices[0].message.content
    except Exception as err:  # the driver reports, the parent judges
        out["error"] = f"{type(err).__name__}: {err}"
    print(json.dumps(out))


# ---------------------------------------------------------------- certificates


def make_certificates(folder, hosts):
    """A throw-away CA and a server certificate for `hosts` (names and 127.0.0.1), with cryptography."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    span = (now - datetime.timedelta(minutes=5), now + datetime.timedelta(hours=1))

    def build(subject, issuer, key, signer, ca, sans=None):
        b = x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
        b = b.serial_number(x509.random_serial_number()).not_valid_before(span[0]).not_valid_after(span[1])
        b = b.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        if ca:
            b = b.add_extension(
                x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
            ).add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        else:
            b = b.add_extension(x509.SubjectAlternativeName(sans), critical=False).add_extension(
                x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
            ).add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(signer.public_key()), critical=False
            )
        return b.sign(signer, hashes.SHA256())

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "kaito-aks app-contract test CA")])
    ca = build(ca_name, ca_name, ca_key, ca_key, True)
    key = ec.generate_private_key(ec.SECP256R1())
    sans = [x509.DNSName(h) for h in hosts] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    leaf = build(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake")]), ca_name, key, ca_key, False, sans)
    paths = {name: os.path.join(folder, name) for name in ("ca.pem", "cert.pem", "key.pem")}
    with open(paths["ca.pem"], "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths["cert.pem"], "wb") as f:
        f.write(leaf.public_bytes(serialization.Encoding.PEM))
    with open(paths["key.pem"], "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    return paths


# ---------------------------------------------------------------- the fakes


class Fakes:
    """What the fakes answer and what they saw."""

    def __init__(self, case):
        self.case = case
        self.seen = []
        self.issued_token = "fake-entra-access-token"

    def answer(self, scheme, host, port, method, target, headers, body):
        url = urllib.parse.urlsplit(target)
        query = urllib.parse.parse_qs(url.query)
        record = {
            "scheme": scheme,
            "host": host,
            "port": port,
            "method": method,
            "path": url.path,
            "query": {k: v[0] for k, v in query.items()},
            "authorization": headers.get("Authorization", ""),
            "body": body.decode("utf-8", "replace"),
        }
        self.seen.append(record)
        local, azure = self.case.get("local"), self.case.get("azure")
        if local and scheme == "http" and host == local["host"] and port == local["port"]:
            return self.vllm(method, url.path, body)
        if azure and scheme == "https" and host == azure["host"] and port == 443:
            return self.azure_openai(method, url.path, record["query"], record["authorization"])
        if azure and scheme == "https" and host == "127.0.0.1" and port == self.case["entraPort"]:
            return self.entra(method, url.path, body)
        return 502, {"error": f"the fakes play no {scheme}://{host}:{port}"}

    def vllm(self, method, path, body):
        served = self.case["local"]["servedModelName"]
        if method == "GET" and path == "/v1/models":
            return 200, {"object": "list", "data": [{"id": served, "object": "model", "owned_by": "vllm"}]}
        if method == "POST" and path == "/v1/chat/completions":
            model = json.loads(body or b"{}").get("model")
            if model != served:
                return 404, {"object": "error", "message": f"The model `{model}` does not exist.", "type": "NotFoundError", "code": 404}
            return 200, completion(served)
        return 404, {"detail": "Not Found"}

    def azure_openai(self, method, path, query, authorization):
        azure = self.case["azure"]
        if authorization != f"Bearer {self.issued_token}":
            return 401, {"error": {"code": "PermissionDenied", "message": "no valid Entra ID token"}}
        if method != "POST" or path != f"/openai/deployments/{azure['deployment']}/chat/completions":
            return 404, {"error": {"code": "DeploymentNotFound", "message": f"no deployment at {path}"}}
        if query.get("api-version") != azure["apiVersion"]:
            return 404, {"error": {"code": "404", "message": f"api-version {query.get('api-version')} is not served here"}}
        return 200, completion(azure["deployment"])

    def entra(self, method, path, body):
        azure = self.case["azure"]
        form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
        if method != "POST" or path != f"/{azure['tenantId']}/oauth2/v2.0/token":
            return 400, {"error": "invalid_request", "error_description": f"AADSTS90002: no tenant at {path}"}
        claims = jwt_claims(form.get("client_assertion", ""))
        if form.get("client_id") != azure["clientId"] or claims.get("sub") != azure["subject"] or claims.get("aud") != azure["audience"]:
            return 400, {"error": "invalid_client", "error_description": "AADSTS70021: No matching federated identity record found"}
        return 200, {"token_type": "Bearer", "expires_in": 3599, "ext_expires_in": 3599, "access_token": self.issued_token}


def completion(model):
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 1796000000,
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "A cushion cats adore."}}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17},
    }


def jwt_claims(token):
    try:
        payload = token.split(".")[1]
        return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except Exception:
        return {}


def unsigned_jwt(claims):
    part = lambda d: base64.urlsafe_b64encode(json.dumps(d).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'kid': 'fake'})}.{part(claims)}.c2lnbmF0dXJl"


def handler_class(fakes, tls_context):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        scheme, host, port = "http", None, None

        def log_message(self, *args):
            pass

        def handle_any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            target = self.path
            if target.startswith("http://") or target.startswith("https://"):  # proxied, absolute URI
                url = urllib.parse.urlsplit(target)
                scheme, host, port = url.scheme, url.hostname, url.port or (443 if url.scheme == "https" else 80)
                target = urllib.parse.urlunsplit(("", "", url.path, url.query, ""))
            else:
                scheme, host, port = self.scheme, self.host, self.port
            status, payload = fakes.answer(scheme, host, port, self.command, target, self.headers, body)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = handle_any

        def do_CONNECT(self):
            host, _, port = self.path.rpartition(":")
            self.send_response(200, "Connection established")
            self.end_headers()
            tunnel = tls_context.wrap_socket(self.connection, server_side=True)
            inner = type("TunnelHandler", (Handler,), {"scheme": "https", "host": host, "port": int(port)})
            inner(tunnel, self.client_address, self.server)
            self.close_connection = True

    return Handler


def serve(handler, tls_context=None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    if tls_context:
        server.socket = tls_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


# ---------------------------------------------------------------- the run


def run():
    case = json.load(sys.stdin)
    with tempfile.TemporaryDirectory(prefix="kaito-aks-app-contract-") as folder:
        hosts = [h for h in [(case.get("azure") or {}).get("host"), "localhost"] if h]
        certs = make_certificates(folder, hosts)
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(certs["cert.pem"], certs["key.pem"])
        # the Entra fake listens on its own TLS port, reached directly (NO_PROXY)
        entra = serve(handler_class(None, tls), tls)
        case["entraPort"] = entra.server_address[1]
        fakes = Fakes(case)
        entra.RequestHandlerClass = type("EntraHandler", (handler_class(fakes, tls),), {"scheme": "https", "host": "127.0.0.1", "port": case["entraPort"]})
        proxy = serve(handler_class(fakes, tls))
        proxy_url = f"http://127.0.0.1:{proxy.server_address[1]}"

        env = {k: v for k, v in os.environ.items() if k in ("PATH", "SYSTEMROOT", "LANG")}
        env.update(case["env"])  # the ai-service ConfigMap, as synthesized
        env.update(
            {
                "HTTP_PROXY": proxy_url,
                "HTTPS_PROXY": proxy_url,
                "NO_PROXY": "127.0.0.1",
                "SSL_CERT_FILE": certs["ca.pem"],
                "REQUESTS_CA_BUNDLE": certs["ca.pem"],
                "PYTHONDONTWRITEBYTECODE": "1",
            }
        )
        webhook = case.get("webhook")
        if webhook:  # what the workload identity webhook injects into a pod labelled azure.workload.identity/use
            token_file = os.path.join(folder, "azure-identity-token")
            with open(token_file, "w") as f:
                f.write(unsigned_jwt({"iss": webhook["issuer"], "sub": webhook["podSubject"], "aud": webhook["audience"]}))
            env.update(
                {
                    "AZURE_CLIENT_ID": webhook["clientId"],
                    "AZURE_TENANT_ID": webhook["tenantId"],
                    "AZURE_FEDERATED_TOKEN_FILE": token_file,
                    "AZURE_AUTHORITY_HOST": f"https://127.0.0.1:{case['entraPort']}/",
                }
            )
        child = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "drive"], env=env, capture_output=True, text=True, timeout=120
        )
        proxy.shutdown()
        entra.shutdown()
    try:
        result = json.loads(child.stdout.strip().splitlines()[-1])
    except Exception:
        result = {"error": f"the driver printed no result (exit {child.returncode}): {child.stderr.strip()[-600:]}"}
    for ok, check, detail in judge(case, fakes.seen, result):
        print(json.dumps({"ok": ok, "check": check, "detail": detail}))


def judge(case, seen, result):
    checks = []
    add = lambda ok, check, detail: checks.append((bool(ok), check, detail))
    shown = lambda rs: "; ".join(f"{r['method']} {r['scheme']}://{r['host']}:{r['port']}{r['path']}" for r in rs) or "nothing"
    if case.get("local"):
        local = case["local"]
        at = f"http://{local['host']}:{local['port']}"
        models = [r for r in seen if r["method"] == "GET" and r["path"] == "/v1/models"]
        add(
            any(r["host"] == local["host"] and r["port"] == local["port"] for r in models),
            f"GET /v1/models reaches the Workspace Service {at}",
            shown(models),
        )
        add(
            result.get("model") == local["servedModelName"],
            f"LOCAL_LLM_MODEL is the name Kaito serves ({local['servedModelName']})",
            f"asked for {result.get('model')}; /v1/models listed {result.get('listed')}",
        )
        chats = [r for r in seen if r["method"] == "POST" and r["path"] == "/v1/chat/completions"]
        add(
            any(r["host"] == local["host"] and json.loads(r["body"] or "{}").get("model") == local["servedModelName"] for r in chats),
            f"POST /v1/chat/completions on {at} with model {local['servedModelName']}",
            "; ".join(f"{r['host']}:{r['port']} model={json.loads(r['body'] or '{}').get('model')}" for r in chats) or "no call",
        )
    if case.get("azure"):
        azure = case["azure"]
        tokens = [r for r in seen if r["path"].endswith("/oauth2/v2.0/token")]
        form = {k: v[0] for k, v in urllib.parse.parse_qs(tokens[-1]["body"]).items()} if tokens else {}
        add(
            any(r["path"] == f"/{azure['tenantId']}/oauth2/v2.0/token" for r in tokens),
            f"token exchange at Entra /{azure['tenantId']}/oauth2/v2.0/token",
            shown(tokens),
        )
        add(
            form.get("client_id") == azure["clientId"],
            f"AZURE_CLIENT_ID is the identity infra federates with {azure['subject']}",
            f"client_id={form.get('client_id')}, expected {azure['clientId']}",
        )
        claims = jwt_claims(form.get("client_assertion", ""))
        add(
            form.get("client_assertion_type") == ASSERTION_TYPE
            and claims.get("sub") == azure["subject"]
            and claims.get("aud") == azure["audience"],
            "the projected service-account token is the client assertion, its subject and audience the federated credential's",
            f"assertion sub={claims.get('sub')} aud={claims.get('aud')}",
        )
        add(form.get("scope") == SCOPE, f"scope {SCOPE}", f"scope={form.get('scope')}")
        chats = [r for r in seen if "/chat/completions" in r["path"] and r["host"] == azure["host"]]
        path = f"/openai/deployments/{azure['deployment']}/chat/completions"
        add(
            any(r["path"] == path and r["port"] == 443 and r["scheme"] == "https" for r in chats),
            f"POST https://{azure['host']}{path}",
            shown(chats) if chats else shown([r for r in seen if "chat" in r["path"]]),
        )
        add(
            any(r["query"].get("api-version") == azure["apiVersion"] for r in chats),
            f"api-version={azure['apiVersion']}",
            "; ".join(f"api-version={r['query'].get('api-version')}" for r in chats) or "no call",
        )
        add(
            any(r["authorization"] == "Bearer fake-entra-access-token" for r in chats),
            "the Entra ID token is the bearer",
            "; ".join(r["authorization"][:20] for r in chats) or "no call",
        )
    add("answer" in result, "the client gets the completion", result.get("answer") or result.get("error", "no answer"))
    return checks


def facts():
    """Checks the model-call facts of catalog/data/ai-service.json against the installed openai."""
    import openai
    from openai import _constants as c

    want = json.load(sys.stdin)
    have = {"timeoutSeconds": c.DEFAULT_TIMEOUT.read, "maxRetries": c.DEFAULT_MAX_RETRIES, "maxRetryDelaySeconds": c.MAX_RETRY_DELAY}
    ok = all(have[k] == want[k] for k in have)
    print(json.dumps({"ok": ok, "check": f"openai {openai.__version__}'s defaults are the model-call facts the probes are sized from", "detail": f"library {have}, data {want}"}))


if __name__ == "__main__":
    {"drive": drive, "run": run, "facts": facts}[sys.argv[1]]()
