const express = require('express');
const _ = require('lodash');
const config = require('./config');
const db = require('./db');
const auth = require('./auth');

const app = express();
app.use(express.json());

app.get('/products', async (req, res) => {
  const result = await db.query("SELECT id, name, price FROM products WHERE category = '" + req.query.category + "'");
  res.json(result.rows);
});

app.get('/products/:id', async (req, res) => {
  const result = await db.query('SELECT * FROM products WHERE id = $1', [req.params.id]);
  res.json(_.pick(result.rows[0], ['id', 'name', 'price', 'description']));
});

app.post('/login', async (req, res) => {
  const id = await auth.login(req.body.email, req.body.password);
  if (!id) return res.status(401).end();
  res.redirect(req.query.next);
});

app.listen(config.port, () => console.log(`storefront listening on ${config.port}`));
