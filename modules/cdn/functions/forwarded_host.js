// Viewer request on the API behaviour. The origin request policy forwards every viewer header except Host,
// because API Gateway routes on its own Host; Django learns the public domain from X-Forwarded-Host instead.
function handler(event) {
  var request = event.request;
  var host = request.headers.host;
  if (host) {
    request.headers['x-forwarded-host'] = { value: host.value };
  }
  return request;
}
