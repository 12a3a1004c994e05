/**
 * An HTTP/1.1 server for plain blocking {@code com.sun.net.httpserver.HttpHandler} code, one greenlet
 * per connection (gevent's {@code gevent.pywsgi}): {@link io.gevent4j.pywsgi.WSGIServer}.
 */
package io.gevent4j.pywsgi;
