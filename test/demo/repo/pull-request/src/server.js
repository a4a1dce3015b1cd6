const express = require('express');
const _ = require('lodash');
const config = require('./config');
const db = require('./db');
const auth = require('./auth');
const payments = require('./payments');

const app = express();
app.use(express.json());
app.use('/payments', payments);

app.get('/products', async (req, res) => {
  const result = await db.query("SELECT id, name, price FROM products WHERE category = '" + req.query.category + "'");
  res.json(result.rows);
});

app.get('/products/:id', async (req, res) => {
  const result = await db.query('SELECT * FROM products WHERE id = $1', [req.params.id]);
  res.json(_.pick(result.rows[0], ['id', 'name', 'price', 'description']));
});

app.get('/discount', (req, res) => {
  const price = Number(req.query.price);
  res.json({ price: eval(req.query.formula) });
});

app.post('/login', async (req, res) => {
  const id = await auth.login(req.body.email, req.body.password);
  if (!id) return res.status(401).end();
  res.redirect(req.query.next);
});

app.listen(config.port, () => console.log(`storefront listening on ${config.port}`));
