// CloudFront Function (cloudfront-js-2.0), viewer request of the default (S3) behavior only: a client-side
// route (a path whose last segment has no '.') is served index.html. The API behavior has no function,
// so a real 404 of the API reaches the browser as the API sent it.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  var last = uri.substring(uri.lastIndexOf('/') + 1);
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
